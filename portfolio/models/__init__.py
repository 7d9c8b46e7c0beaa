from portfolio.models.about import AboutPage, CareerStep
from portfolio.models.author import AuthorSettings
from portfolio.models.home import HomePage
from portfolio.models.initial_content import InitialContentLoad, InitialContentStep
from portfolio.models.projects import (
    ProjectIndexPage,
    ProjectLink,
    ProjectPage,
    ProjectPageTag,
    SummaryAndImage,
    YearsActive,
)
from portfolio.models.video_stills import VideoStill

__all__ = [
    "AboutPage",
    "CareerStep",
    "AuthorSettings",
    "HomePage",
    "InitialContentLoad",
    "InitialContentStep",
    "ProjectIndexPage",
    "ProjectLink",
    "ProjectPage",
    "ProjectPageTag",
    "SummaryAndImage",
    "VideoStill",
    "YearsActive",
]
